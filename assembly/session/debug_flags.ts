// Debug-build switches (set only through exports in assembly/debug.ts; never by the release core).
export let trapArmed: bool = false;

export function armTrap(): void { trapArmed = true; }
export function disarmTrap(): void { trapArmed = false; }

// The next request the core takes from the VMM traps right after it was recorded as in flight,
// where a failing memory.grow would hit first: at the first allocation after the VMM's answer.
export let intakeTrapArmed: bool = false;

export function armIntakeTrap(): void { intakeTrapArmed = true; }

export function trapAtIntake(): void {
  if (!intakeTrapArmed) return;
  intakeTrapArmed = false;
  unreachable();
}

// Debug-build switches (set only through exports in assembly/debug.ts; never by the release core).
export let trapArmed: bool = false;

export function armTrap(): void { trapArmed = true; }
export function disarmTrap(): void { trapArmed = false; }

// One outstanding TDG.VP.VMCALL<Service> call: a command page and a response page in shared
// memory. The VMM completes the call by rewriting the response status; the core notices on a later
// turn (woken by vector 0x50) and parses a private copy of the page (migtd.md §1.4).
import { shared_alloc, shared_free, shared_gpa, shared_read, shared_write } from "../abi";
import { service } from "../tdx/vmcall";
import { VECTOR_SERVICE } from "../tdx/leaves";
import { emptyResponse, RESPONSE_PENDING, SERVICE_PAGE_SIZE } from "./messages";

export const CALL_PENDING: i32 = 0;
export const CALL_DONE: i32 = 1;
export const CALL_FAILED: i32 = 2;

// The last completed response page, copied from shared memory without allocating (4096 bytes:
// SERVICE_PAGE_SIZE).
export const answerPage: usize = memory.data(4096, 8);
assert(SERVICE_PAGE_SIZE == 4096, "answerPage holds one Service page");

export class ServiceCall {
  private cmd: i32 = -1;
  private rsp: i32 = -1;
  state: i32 = CALL_FAILED;
  error: string = "";
  response: Uint8Array = new Uint8Array(0);

  // Issues the call; on failure state = CALL_FAILED with `error` set.
  static issue(command: Uint8Array): ServiceCall {
    const call = new ServiceCall();
    call.start(command);
    return call;
  }

  private start(command: Uint8Array): void {
    this.cmd = shared_alloc(1);
    this.rsp = shared_alloc(1);
    if (this.cmd < 0 || this.rsp < 0) { this.fail("no shared memory for a Service call"); return; }
    const empty = emptyResponse();
    if (shared_write(this.cmd, 0, command.dataStart, <u32>command.length) != 0 ||
        shared_write(this.rsp, 0, empty.dataStart, <u32>empty.length) != 0) {
      this.fail("cannot fill the Service buffers"); return;
    }
    const r = service(<u64>shared_gpa(this.cmd), <u64>shared_gpa(this.rsp), VECTOR_SERVICE, 0);
    if (!r.ok) {
      this.fail("Service VMCALL failed (TDX status 0x" + r.tdxStatus.toString(16) + ", GHCI status 0x" + r.ghciStatus.toString(16) + ")");
      return;
    }
    this.state = CALL_PENDING;
  }

  private fail(why: string): void {
    this.error = why;
    this.state = CALL_FAILED;
    this.release();
  }

  // Checks whether the VMM has completed the response; copies it into private memory when it has.
  poll(): i32 {
    const s = this.pollInPlace();
    if (s == CALL_DONE) this.takeResponse();
    return s;
  }

  // poll() in two halves, for a caller that must act on the answer before anything allocates
  // (a request id recorded in flight, session/inflight.ts): CALL_DONE leaves the completed page
  // in `answerPage` (static, valid until the next poll of any call), read from shared memory once.
  pollInPlace(): i32 {
    if (this.state != CALL_PENDING) return this.state;
    if (shared_read(this.rsp, 0, answerPage, 24) != 0) { this.fail("cannot read the response"); return this.state; }
    if (load<u32>(answerPage + 20) == RESPONSE_PENDING) return CALL_PENDING;
    if (shared_read(this.rsp, 0, answerPage, <u32>SERVICE_PAGE_SIZE) != 0) { this.fail("cannot read the response"); return this.state; }
    this.state = CALL_DONE;
    this.release();
    return this.state;
  }

  // The private copy of the page pollInPlace() completed.
  takeResponse(): void {
    const page = new Uint8Array(SERVICE_PAGE_SIZE);
    memory.copy(page.dataStart, answerPage, <usize>SERVICE_PAGE_SIZE);
    this.response = page;
  }

  release(): void {
    if (this.cmd >= 0) shared_free(this.cmd);
    if (this.rsp >= 0) shared_free(this.rsp);
    this.cmd = -1;
    this.rsp = -1;
  }
}

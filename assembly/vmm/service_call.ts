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
    if (this.state != CALL_PENDING) return this.state;
    const head = new Uint8Array(24);
    if (shared_read(this.rsp, 0, head.dataStart, 24) != 0) { this.fail("cannot read the response"); return this.state; }
    if (load<u32>(head.dataStart + 20) == RESPONSE_PENDING) return CALL_PENDING;
    const page = new Uint8Array(SERVICE_PAGE_SIZE);
    if (shared_read(this.rsp, 0, page.dataStart, <u32>SERVICE_PAGE_SIZE) != 0) { this.fail("cannot read the response"); return this.state; }
    this.response = page;
    this.state = CALL_DONE;
    this.release();
    return this.state;
  }

  release(): void {
    if (this.cmd >= 0) shared_free(this.cmd);
    if (this.rsp >= 0) shared_free(this.rsp);
    this.cmd = -1;
    this.rsp = -1;
  }
}

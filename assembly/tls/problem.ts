// A parse or check failure on its way to the engine: the first error code and a message
// (sticky, like the engine's own error).
import { TlsErrorCode } from "./errors";

export class Problem {
  code: TlsErrorCode = 0;
  message: string = "";

  get ok(): bool { return this.code == 0; }

  set(code: TlsErrorCode, message: string): void {
    if (this.code != 0) return;
    this.code = code;
    this.message = message;
  }
}

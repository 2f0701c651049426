// Splits incoming bytes into TLSPlaintext / TLSCiphertext records (RFC 8446 §5.1-5.2) without
// interpreting them. A record whose length exceeds 2^14 + 256 is an error as soon as its header
// is seen (§5.2: record_overflow), so a peer cannot make the engine buffer more than one record.
import { ByteQueue } from "./bytequeue";
import { CT_ALERT, CT_APPLICATION_DATA, CT_CHANGE_CIPHER_SPEC, CT_HANDSHAKE, MAX_CIPHERTEXT, RECORD_HEADER_LEN } from "./constants";
import { TlsErrorCode } from "./errors";

export class RawRecord {
  constructor(public header: Uint8Array, public body: Uint8Array) {}
  get type(): u8 { return this.header[0]; }
}

export class RecordReader {
  private q: ByteQueue = new ByteQueue();
  error: TlsErrorCode = 0;
  errorMessage: string = "";

  push(ptr: usize, n: i32): void {
    this.q.push(ptr, n);
  }

  get buffered(): i32 { return this.q.length; }

  // The next complete record, or null when more bytes are needed or the header is invalid
  // (`error` set).
  next(): RawRecord | null {
    if (this.error != 0 || this.q.length < RECORD_HEADER_LEN) return null;
    const type = this.q.at(0);
    if (type != CT_CHANGE_CIPHER_SPEC && type != CT_ALERT && type != CT_HANDSHAKE && type != CT_APPLICATION_DATA) {
      // §5: an unknown record type is unexpected_message.
      this.error = TlsErrorCode.UnexpectedMessage;
      this.errorMessage = "record of unknown content type " + type.toString();
      return null;
    }
    // legacy_record_version is ignored (§5.1), except that its major byte is 3 in every TLS
    // version: anything else is not TLS at all.
    if (this.q.at(1) != 3) {
      this.error = TlsErrorCode.DecodeError;
      this.errorMessage = "record with a non-TLS version";
      return null;
    }
    const len = (<i32>this.q.at(3) << 8) | <i32>this.q.at(4);
    if (len > MAX_CIPHERTEXT) {
      this.error = TlsErrorCode.RecordOverflow;
      this.errorMessage = "record of " + len.toString() + " bytes";
      return null;
    }
    if (this.q.length < RECORD_HEADER_LEN + len) return null;
    const header = this.q.take(RECORD_HEADER_LEN);
    return new RawRecord(header, this.q.take(len));
  }

  clear(): void {
    this.q.clear();
  }
}

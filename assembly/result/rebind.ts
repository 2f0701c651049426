// rebind/: V2 rebinding outcomes (migtd.md §2.9, §3.6), range 0x1300..0x13ff. map.ts maps them:
// a peer TD report that is not from this platform or not bound to the certificate key is 7
// MutualAttestationError (as a peer quote that does not verify); a SERVTD_EXT or init TDINFO the
// peer does not match is 8 PolicyUnsatisfiedError (§2.1 step 1 reports an unbound init TDINFO
// so); a rebinding certificate without them is 6 SecureSessionError (not a MigTD certificate for
// the role); a token record of another size is 5 NetworkError (as a short ExchangeInformation);
// a failing TDCALL is 4 TdxModuleError (§1.1).
export enum RebindError {
  None = 0,
  ReportMalformed = 0x1301, // the TD report extension is not a 1024-byte TDX report
  ReportMacInvalid = 0x1302, // TDG.MR.VERIFYREPORT refused it: not made on this platform
  ReportHashMismatch = 0x1303, // tee_tcb_info_hash / tee_info_hash not the hashes of what follows
  KeyBinding = 0x1304, // REPORTDATA[0..48] is not SHA-384 of the certificate key
  MissingServtdExt = 0x1305, // the old MigTD's certificate lacks SERVTD_EXT (272 B) or init TDINFO (512 B)
  ServtdExtMismatch = 0x1306, // SERVTD_EXT.cur_servtd_info_hash is not the peer's own TDINFO
  InitTdInfoMismatch = 0x1307, // init TDINFO not SERVTD_EXT.init_servtd_info_hash, or not the peer's owner
  InitSvnHigher = 0x1308, // the peer MigTD's SVN is below the initially bound MigTD's
  TokenLength = 0x1309, // the rebind token record is not 32 bytes
  ApproveFailed = 0x130a, // TDG.SERVTD.REBIND.APPROVE failed
  AcceptWriteFailed = 0x130b, // a TDG.VM.WR of the accept fields failed
  ServtdExtReadFailed = 0x130c, // a TDG.SERVTD.RD of a SERVTD_EXT field failed
}

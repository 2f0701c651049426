// vmm/raw/ and the RAW transport: errors of the RAW host interface (migtd.md §1.6), range
// 0x1200..0x12ff. What each is reported as (map.ts): a VMM completion other than success on
// WaitForRequest is 11 VmmInternalError; a malformed request 1 InvalidParameter; an operation
// this MigTD does not offer (unknown, policy-v2 only on a V1 MigTD, no log area) 12
// UnsupportedOperationError;
// a cancelled Send/Receive 10 VmmCanceled; any other transport failure 5 NetworkError.
export enum RawError {
  None = 0,
  VmmStatus = 0x1201, // WaitForRequest data_status byte 0 is not 1
  LengthBeyondBuffer = 0x1202, // the header's length exceeds the shared buffer
  NoRequestId = 0x1203, // fewer than 8 payload bytes: nothing to answer to
  MigrationInfo = 0x1204, // StartMigration payload (56 bytes, §1.5) malformed
  TdReportLength = 0x1205, // GetTDReport payload not 8 or 72 bytes
  LogAreaLength = 0x1206, // EnableLogArea payload not 16 bytes
  LogAreaReserved = 0x1207, // EnableLogArea reserved bytes not zero
  LogAreaLevel = 0x1208, // log_max_level not 1..5
  V2Only = 0x1209, // StartRebinding / GetMigtdData on a MigTD running policy v1 (§1.6)
  UnknownOperation = 0x120a,
  LogAreaUnavailable = 0x120b, // no shared pages or vCPU information for the log area
  Canceled = 0x120c, // the VMM cancelled a Send/Receive (data_status 2, 3)
  CallFailed = 0x120d, // a Send/Receive VMCALL refused or completed with another status
  ReceiveEmpty = 0x120e, // Receive completed with success and 0 bytes
  ReceiveTooLong = 0x120f, // Receive length beyond its buffer
  NoSharedMemory = 0x1210, // no shared pages for a Send/Receive buffer
  MigtdDataLength = 0x1211, // GetMigtdData payload not 8 or 72 bytes
}

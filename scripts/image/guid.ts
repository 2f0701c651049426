// EFI GUIDs as bytes: the first three fields little-endian, the rest as written (tdx-abi.md 1.1).
export function guidBytes(text: string): Buffer {
  const m = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i.exec(text);
  if (!m) throw new Error(`bad GUID ${text}`);
  const b = Buffer.alloc(16);
  b.writeUInt32LE(parseInt(m[1], 16), 0);
  b.writeUInt16LE(parseInt(m[2], 16), 4);
  b.writeUInt16LE(parseInt(m[3], 16), 6);
  Buffer.from(m[4] + m[5], "hex").copy(b, 8);
  return b;
}

export const GUID = {
  ovmfTableFooter: "96b582de-1fb2-45f7-baea-a366c55a082d",
  tdxMetadataOffset: "e47a6535-984a-4798-865e-4685a7bf8ec2",
  tdxMetadata: "e9eaf9f3-168e-44d5-a8eb-7f4d8738f6ae",
  ffs3: "5473c07a-3dcb-4dca-bd6f-1e9689e7349a",
  cfvPolicy: "0be92dc3-6221-4c98-87c1-8eeffd70de5a",
  cfvRootCa: "ca437832-4c51-4322-b13d-a21bd0c8fff6",
  cfvIssuerChain: "3f2fb27a-9596-431c-a68d-d3eab39f8aeb", // policy v2 issuer chain (migtd.md 5.1)
} as const;

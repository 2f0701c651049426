// EFI GUIDs as bytes: the first three fields little-endian, the rest as written (tdx-abi.md 1.1).
// guidU8 has no Node dependency (the inspect page reads config volumes with it).
export function guidU8(text: string): Uint8Array {
  const m = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i.exec(text);
  if (!m) throw new Error(`bad GUID ${text}`);
  const b = new Uint8Array(16);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, parseInt(m[1], 16), true);
  dv.setUint16(4, parseInt(m[2], 16), true);
  dv.setUint16(6, parseInt(m[3], 16), true);
  const tail = m[4] + m[5];
  for (let i = 0; i < 8; i++) b[8 + i] = parseInt(tail.slice(2 * i, 2 * i + 2), 16);
  return b;
}

export const guidBytes = (text: string): Buffer => Buffer.from(guidU8(text));

export const GUID = {
  ovmfTableFooter: "96b582de-1fb2-45f7-baea-a366c55a082d",
  tdxMetadataOffset: "e47a6535-984a-4798-865e-4685a7bf8ec2",
  tdxMetadata: "e9eaf9f3-168e-44d5-a8eb-7f4d8738f6ae",
  ffs3: "5473c07a-3dcb-4dca-bd6f-1e9689e7349a",
  cfvPolicy: "0be92dc3-6221-4c98-87c1-8eeffd70de5a",
  cfvRootCa: "ca437832-4c51-4322-b13d-a21bd0c8fff6",
  cfvIssuerChain: "3f2fb27a-9596-431c-a68d-d3eab39f8aeb", // policy v2 issuer chain (migtd.md 5.1)
} as const;

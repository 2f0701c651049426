// Which host interface a firmware image's core speaks (docs/host-interfaces.md). The core
// carries one marker string in its data, `MIGTD_HOST_INTERFACE=<name>` (assembly/service/
// host_interface.ts), which wasm2c compiles into the payload: the interface is part of the
// payload, so of MRTD and SERVTD_HASH_INFO, and cannot be changed without changing them.
export type HostInterfaceName = "vmcall-service" | "vmcall-raw";

const PREFIX = Buffer.from("MIGTD_HOST_INTERFACE=", "latin1");

// The interfaces whose markers appear in `bytes` (an image or a payload ELF): exactly one for a
// well-built image.
export function interfacesIn(bytes: Uint8Array): HostInterfaceName[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = new Set<HostInterfaceName>();
  // The marker's NUL is not always in the file (a Wasm data segment drops its trailing zeros, the
  // linker packs the next data right after it), so the name is matched, not read up to a NUL.
  for (let at = buf.indexOf(PREFIX); at >= 0; at = buf.indexOf(PREFIX, at + 1)) {
    const rest = buf.subarray(at + PREFIX.length, at + PREFIX.length + 16).toString("latin1");
    for (const name of ["vmcall-service", "vmcall-raw"] as const) if (rest.startsWith(name)) found.add(name);
  }
  return [...found];
}

export function imageInterface(bytes: Uint8Array): HostInterfaceName | "unknown" {
  const found = interfacesIn(bytes);
  return found.length === 1 ? found[0] : "unknown";
}

// @peculiar/x509 pulls in tsyringe, which insists on a Reflect metadata API at load time; this
// project does not depend on reflect-metadata, and x509's certificate generation and parsing never
// use decorator metadata, so a minimal store satisfies the check. Import before @peculiar/x509.
const R = Reflect as unknown as Record<string, unknown>;
if (typeof R.getMetadata !== "function") {
  const store = new WeakMap<object, Map<unknown, unknown>>();
  const bucket = (t: object, k: unknown) => {
    let m = store.get(t);
    if (!m) store.set(t, (m = new Map()));
    const key = `${String(k)}`;
    let inner = m.get(key) as Map<unknown, unknown> | undefined;
    if (!inner) m.set(key, (inner = new Map()));
    return inner;
  };
  R.defineMetadata = (mk: unknown, v: unknown, t: object, k?: unknown) => void bucket(t, k).set(mk, v);
  R.getOwnMetadata = (mk: unknown, t: object, k?: unknown) => bucket(t, k).get(mk);
  R.getMetadata = (mk: unknown, t: object, k?: unknown): unknown => {
    for (let o: object | null = t; o; o = Object.getPrototypeOf(o)) {
      const v = bucket(o, k).get(mk);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  R.hasMetadata = (mk: unknown, t: object, k?: unknown) => (R.getMetadata as (a: unknown, b: object, c?: unknown) => unknown)(mk, t, k) !== undefined;
  R.metadata = (mk: unknown, v: unknown) => (t: object, k?: unknown) => void bucket(t, k).set(mk, v);
}
export {};

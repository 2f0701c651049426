// Defined with the other layers' error ranges at the bottom of the core (result/codes.ts).
export { X509Error, x509ErrorName } from "../result/x509";

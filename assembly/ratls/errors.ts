// RA-TLS certificate errors are defined with the other layers' ranges at the bottom of the core
// (result/ratls.ts); result/map.ts gives each its MigTD result code.
export { RaTlsError } from "../result/ratls";

// Types for the one module of @phala/dcap-qvl the image build and the CLI import (it ships none).
declare module "@phala/dcap-qvl/src/constants.js" {
  const constants: { TRUSTED_ROOT_CA_DER?: Buffer };
  export default constants;
}

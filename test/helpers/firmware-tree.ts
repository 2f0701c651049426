// What a copy of the checkout needs to build the firmware image (`make image`) elsewhere: used by
// the tests that build in a scratch tree (reproducibility, image-input tracking) and the image
// benchmark, so a new firmware source folder is added in one place.
export const FIRMWARE_SOURCES = [
  "Makefile", "package.json", "package-lock.json", "mk", "shim", "firmware", "scripts", "config",
  "runtime-c/include", "runtime-c/platform/td",
];

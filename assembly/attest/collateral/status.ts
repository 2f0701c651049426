// TCB status values (Intel PCS TCB info / QE identity "tcbStatus") and how the platform, TDX
// module and QE statuses combine into one (Intel QVL: an OutOfDate module or QE makes an up-to-date
// platform OutOfDate, and a configuration-needed one OutOfDateConfigurationNeeded; Revoked wins).

export const ST_UP_TO_DATE = "UpToDate";
export const ST_SW_HARDENING = "SWHardeningNeeded";
export const ST_CONFIG = "ConfigurationNeeded";
export const ST_CONFIG_SW = "ConfigurationAndSWHardeningNeeded";
export const ST_OUT_OF_DATE = "OutOfDate";
export const ST_OUT_OF_DATE_CONFIG = "OutOfDateConfigurationNeeded";
export const ST_REVOKED = "Revoked";

function isConfig(s: string): bool {
  return s == ST_CONFIG || s == ST_CONFIG_SW || s == ST_OUT_OF_DATE_CONFIG;
}

// Combines the platform status with a component (module or QE) status.
export function converge(platform: string, component: string): string {
  if (platform == ST_REVOKED || component == ST_REVOKED) return ST_REVOKED;
  if (component == ST_OUT_OF_DATE || component == ST_OUT_OF_DATE_CONFIG) {
    return isConfig(platform) ? ST_OUT_OF_DATE_CONFIG : ST_OUT_OF_DATE;
  }
  return platform;
}

export function isKnownStatus(s: string): bool {
  return s == ST_UP_TO_DATE || s == ST_SW_HARDENING || s == ST_CONFIG || s == ST_CONFIG_SW || s == ST_OUT_OF_DATE || s == ST_OUT_OF_DATE_CONFIG || s == ST_REVOKED;
}

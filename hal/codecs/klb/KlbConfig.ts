/** The CONFIG payload (0x02), one per channel: timing the firmware validates and debounces with. */
export interface KlbConfig {
  ringValidateMs: number;
  ringDebounceMs: number;
  polDebounceMs: number;
  loopDropMinMs: number;
  seizeGuardMs: number;
  battThreshV: number;
  battDebounceMs: number;
  lineReportMs: number;
  lineReportDeltaV: number;
  /** 0 off, 1 Bell 202, 2 V.23, 3 DTMF. */
  cidMode: number;
  /** 1: apply the UK caller-ID receive load. */
  cidLoad: number;
  daaProfile: number;
  /** 0 µ-law, 1 A-law. */
  law: number;
}

/** Field order and width on the wire. */
export const KLB_CONFIG_FIELDS: ReadonlyArray<readonly [keyof KlbConfig, 'u8' | 'u16']> = [
  ['ringValidateMs', 'u16'], ['ringDebounceMs', 'u16'], ['polDebounceMs', 'u16'], ['loopDropMinMs', 'u16'],
  ['seizeGuardMs', 'u16'], ['battThreshV', 'u8'], ['battDebounceMs', 'u16'], ['lineReportMs', 'u16'],
  ['lineReportDeltaV', 'u8'], ['cidMode', 'u8'], ['cidLoad', 'u8'], ['daaProfile', 'u8'], ['law', 'u8'],
];

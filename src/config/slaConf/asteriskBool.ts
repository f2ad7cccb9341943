/** Asterisk's ast_true(): the spellings it reads as "yes". */
export function astTrue(value: string): boolean {
  return /^(yes|true|y|t|1|on)$/i.test(value.trim());
}

/** Asterisk's ast_false(): the spellings it reads as "no". Anything else is neither. */
export function astFalse(value: string): boolean {
  return /^(no|false|n|f|0|off)$/i.test(value.trim());
}

/** sscanf("%u")-style whole seconds; anything else is refused rather than half-read. */
export function wholeSeconds(value: string): number | undefined {
  return /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

/**
 * One remark of the sla.conf importer about something it guessed, renamed, changed or could not
 * carry over. `line` is 1-based in the sla.conf file; 0 means the file as a whole.
 */
export interface ImportNote {
  file: string;
  line: number;
  /** The sla.conf section it is about, e.g. `line1`; null for the file as a whole. */
  section: string | null;
  kind: 'guess' | 'rename' | 'changed' | 'unmapped' | 'skipped';
  message: string;
}

export interface SlaImport {
  /** A keyline site configuration that loads as it is; review `report` before use. */
  yaml: string;
  report: ImportNote[];
}

/** `sla.conf:31: [line1] guess: port "fxo3" guessed from device "DAHDI/3"; …` */
export function formatImportNote(note: ImportNote): string {
  const where = note.line > 0 ? `${note.file}:${note.line}` : note.file;
  const section = note.section === null ? '' : ` [${note.section}]`;
  return `${where}:${section} ${note.kind}: ${note.message}`;
}

export function formatImportNotes(notes: readonly ImportNote[]): string {
  return notes.map(formatImportNote).join('\n');
}

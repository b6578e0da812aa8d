// `--data DIR`: every StatefulService saved as JSON in DIR/state.json, S3 object bytes as files in
// DIR/objects/<sha256>. Saves are debounced after mutations and forced on stop; restored on start.
// CloudFormation changes state on its clock after a call returns, so a slow autosave also writes
// whatever changed since the last save.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StatefulService } from './contract.js';

const FORMAT = 1;
const DEBOUNCE_MS = 100;
const AUTOSAVE_MS = 1000;

export interface PersistedParts {
  services: Record<string, StatefulService>;
  /** Object bytes by SHA-256, and where restore reads them from. */
  blobs(): Map<string, Buffer>;
  setBlobReader(read: (sha256: string) => Buffer | undefined): void;
}

export class Persistence {
  private timer: NodeJS.Timeout | undefined;
  private autosaver: NodeJS.Timeout | undefined;
  private lastWritten = '';
  private readonly objectsDir: string;

  constructor(
    private readonly dir: string,
    private readonly parts: PersistedParts,
  ) {
    this.objectsDir = join(dir, 'objects');
  }

  /** Restores saved state, if any. */
  load(): void {
    const file = join(this.dir, 'state.json');
    if (!existsSync(file)) return;
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { format: number; services: Record<string, unknown> };
    this.parts.setBlobReader((sha) => {
      const path = join(this.objectsDir, sha);
      return /^[0-9a-f]{64}$/.test(sha) && existsSync(path) ? readFileSync(path) : undefined;
    });
    for (const [name, service] of Object.entries(this.parts.services)) {
      if (name in saved.services) service.restore(saved.services[name]);
    }
  }

  /** Saves every second while running if anything changed (the timer never keeps the process alive). */
  startAutosave(): void {
    this.autosaver ??= setInterval(() => this.save(), AUTOSAVE_MS);
    this.autosaver.unref();
  }

  /** Saves soon; many mutations in a burst cost one write. */
  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save();
    }, DEBOUNCE_MS);
  }

  /** Writes everything now: new object files first, then state.json atomically, then drops unreferenced files. */
  save(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const services = Object.fromEntries(Object.entries(this.parts.services).map(([name, s]) => [name, s.snapshot()]));
    const text = JSON.stringify({ format: FORMAT, services });
    // Object files are named by content and listed in the state, so unchanged state means unchanged files.
    if (text === this.lastWritten) return;
    mkdirSync(this.objectsDir, { recursive: true });
    const blobs = this.parts.blobs();
    const present = new Set(readdirSync(this.objectsDir));
    for (const [sha, body] of blobs) {
      if (!present.has(sha)) writeFileSync(join(this.objectsDir, sha), body);
    }
    const tmp = join(this.dir, 'state.json.tmp');
    writeFileSync(tmp, text);
    renameSync(tmp, join(this.dir, 'state.json'));
    for (const name of present) {
      if (!blobs.has(name)) rmSync(join(this.objectsDir, name), { force: true });
    }
    this.lastWritten = text;
  }

  /** Stops the timers (the caller saves explicitly on stop). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.autosaver) clearInterval(this.autosaver);
    this.timer = undefined;
    this.autosaver = undefined;
  }
}

/**
 * Undo/redo of analyst edits. Each entry undoes and redoes through the contract, so the label
 * history in the database records every step and nothing lives only in the window.
 */
export interface HistoryEntry {
  label: string;
  undo(): Promise<void>;
  redo(): Promise<void>;
}

export class History {
  private done: HistoryEntry[] = [];
  private undone: HistoryEntry[] = [];
  private busy: Promise<void> = Promise.resolve();

  constructor(private readonly onChange: (undo: number, redo: number) => void = () => {}) {}

  push(entry: HistoryEntry): void {
    this.done.push(entry);
    this.undone = [];
    this.onChange(this.done.length, this.undone.length);
  }

  /** Steps run one after another: a fast double Ctrl+Z must not race two writes. */
  undo(): Promise<string | null> {
    return this.step(this.done, this.undone, (e) => e.undo());
  }

  redo(): Promise<string | null> {
    return this.step(this.undone, this.done, (e) => e.redo());
  }

  get sizes(): [number, number] {
    return [this.done.length, this.undone.length];
  }

  private step(from: HistoryEntry[], to: HistoryEntry[], run: (e: HistoryEntry) => Promise<void>): Promise<string | null> {
    const result = this.busy.then(async () => {
      const entry = from.pop();
      if (!entry) return null;
      try {
        await run(entry);
        to.push(entry);
      } catch (err) {
        // A step that failed is dropped: replaying it later against a changed database could do harm.
        this.onChange(this.done.length, this.undone.length);
        throw err;
      }
      this.onChange(this.done.length, this.undone.length);
      return entry.label;
    });
    this.busy = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

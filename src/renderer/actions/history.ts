/**
 * Undo/redo of analyst edits. Each entry undoes and redoes through the contract, so the label
 * history in the database records every step and nothing lives only in the window. An entry may
 * carry the command it was made from (data), which is what the project stores so the history
 * outlives a reload (state/edits.ts).
 */
export interface HistoryEntry<C = unknown> {
  label: string;
  command?: C;
  undo(): Promise<void>;
  redo(): Promise<void>;
}

export class History<C = unknown> {
  private done: HistoryEntry<C>[] = [];
  private undone: HistoryEntry<C>[] = [];
  private busy: Promise<void> = Promise.resolve();

  /** limit: the most steps kept; the oldest fall off. */
  constructor(
    private readonly onChange: (undo: number, redo: number) => void = () => {},
    private readonly limit = Infinity,
  ) {}

  push(entry: HistoryEntry<C>): void {
    this.done.push(entry);
    if (this.done.length > this.limit) this.done.splice(0, this.done.length - this.limit);
    this.undone = [];
    this.onChange(this.done.length, this.undone.length);
  }

  /** Both stacks, oldest first (`undone`: the next redo last), as they stand once running steps settle. */
  entries(): Promise<{ done: HistoryEntry<C>[]; undone: HistoryEntry<C>[] }> {
    return this.busy.then(() => ({ done: [...this.done], undone: [...this.undone] }));
  }

  /** Replaces both stacks (a history read back from the project). */
  restore(done: HistoryEntry<C>[], undone: HistoryEntry<C>[]): void {
    this.done = done.slice(-this.limit);
    this.undone = undone.slice(-this.limit);
    this.onChange(this.done.length, this.undone.length);
  }

  /** Steps run one after another: a fast double Ctrl+Z must not race two writes. */
  undo(): Promise<string | null> {
    return this.step('undo');
  }

  redo(): Promise<string | null> {
    return this.step('redo');
  }

  get sizes(): [number, number] {
    return [this.done.length, this.undone.length];
  }

  private step(way: 'undo' | 'redo'): Promise<string | null> {
    const result = this.busy.then(async () => {
      const [from, to] = way === 'undo' ? [this.done, this.undone] : [this.undone, this.done];
      const entry = from.pop();
      if (!entry) return null;
      try {
        await (way === 'undo' ? entry.undo() : entry.redo());
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

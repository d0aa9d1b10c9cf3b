import type { AttuneEvent } from '../../shared/contract';

export type EventListener = (e: AttuneEvent) => void;

export class EventHub {
  private listeners = new Set<EventListener>();

  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(e: AttuneEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {}
    }
  }
}

import { describe, expect, it, vi } from 'vitest';

vi.mock('../state/controller', () => ({
  advance: vi.fn(), clearLabel: vi.fn(), mergeWithNext: vi.fn(), nudge: vi.fn(), redo: vi.fn(), select: vi.fn(), setBlind: vi.fn(), setLabel: vi.fn(), splitAtPlayhead: vi.fn(), step: vi.fn(), undo: vi.fn(),
}));
vi.mock('../state/player', () => ({ togglePlay: vi.fn() }));

const { actionFor, actions } = await import('./registry');
const controller = await import('../state/controller');

const key = (k: string, code: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  code,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('keyboard actions', () => {
  it('maps each documented key to exactly one action', () => {
    const cases: [ReturnType<typeof key>, string][] = [
      [key(' ', 'Space'), 'play'],
      [key('ArrowLeft', 'ArrowLeft'), 'prev'],
      [key('ArrowRight', 'ArrowRight'), 'next'],
      [key('1', 'Digit1'), 'score'],
      [key('7', 'Numpad7'), 'score'],
      [key('l', 'KeyL'), 'loop'],
      [key('S', 'KeyS', { shiftKey: true }), 'split'],
      [key('m', 'KeyM'), 'merge'],
      [key('[', 'BracketLeft'), 'nudge-start'],
      [key('}', 'BracketRight', { shiftKey: true }), 'nudge-end'],
      [key('z', 'KeyZ', { ctrlKey: true }), 'undo'],
      [key('Z', 'KeyZ', { metaKey: true, shiftKey: true }), 'redo'],
      [key('?', 'Slash', { shiftKey: true }), 'sheet'],
      [key('Delete', 'Delete'), 'clear-label'],
      [key('Backspace', 'Backspace'), 'clear-label'],
      [key('B', 'KeyB', { shiftKey: true }), 'blind'],
    ];
    for (const [e, id] of cases) {
      expect(actions.filter((a) => a.matches(e)).map((a) => a.id)).toEqual([id]);
    }
    expect(actionFor(key('8', 'Digit8'))).toBeNull();
    expect(actionFor(key('b', 'KeyB'))).toBeNull();
    expect(actionFor(key('s', 'KeyS', { ctrlKey: true }))).toBeNull();
  });

  it('Shift+B turns blind labelling the other way round from what the project has', async () => {
    const { setState } = await import('../state/store');
    const b = key('B', 'KeyB', { shiftKey: true });
    setState({ blind: false });
    await actionFor(b)!.perform(b);
    expect(controller.setBlind).toHaveBeenLastCalledWith(true);
    setState({ blind: true });
    await actionFor(b)!.perform(b);
    expect(controller.setBlind).toHaveBeenLastCalledWith(false);
  });

  it('turns 1–7 into −3…+3 with 4 as neutral, and nudges by 100 or 10 ms', async () => {
    const { setState } = await import('../state/store');
    setState({ selectedId: 'seg-1' });
    for (const [k, score] of [['1', -3], ['4', 0], ['7', 3]] as const) {
      await actionFor(key(k, `Digit${k}`))!.perform(key(k, `Digit${k}`));
      expect(controller.setLabel).toHaveBeenLastCalledWith('seg-1', score);
    }
    expect(controller.advance).toHaveBeenCalledTimes(3);
    await actionFor(key('{', 'BracketLeft', { shiftKey: true }))!.perform(key('{', 'BracketLeft', { shiftKey: true }));
    expect(controller.nudge).toHaveBeenLastCalledWith('start', -10);
    await actionFor(key(']', 'BracketRight'))!.perform(key(']', 'BracketRight'));
    expect(controller.nudge).toHaveBeenLastCalledWith('end', 100);
    await actionFor(key('Delete', 'Delete'))!.perform(key('Delete', 'Delete'));
    expect(controller.clearLabel).toHaveBeenLastCalledWith('seg-1');
  });
});

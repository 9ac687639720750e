import { describe, expect, it } from 'vitest';
import { nextMenuIndex } from '@/components/MenuButton';
import { nextTabIndex } from '@/components/Tabs';

describe('keyboard paths of the lab’s ARIA widgets', () => {
  it('tabs: arrows wrap, Home/End jump, other keys do nothing', () => {
    expect(nextTabIndex('ArrowRight', 0, 2)).toBe(1);
    expect(nextTabIndex('ArrowRight', 1, 2)).toBe(0);
    expect(nextTabIndex('ArrowLeft', 0, 2)).toBe(1);
    expect(nextTabIndex('Home', 1, 3)).toBe(0);
    expect(nextTabIndex('End', 0, 3)).toBe(2);
    expect(nextTabIndex('ArrowDown', 0, 3)).toBe(-1);
  });

  it('menu: up/down wrap, Home/End jump, from no focus ArrowDown goes to the first item', () => {
    expect(nextMenuIndex('ArrowDown', 4, 5)).toBe(0);
    expect(nextMenuIndex('ArrowUp', 0, 5)).toBe(4);
    expect(nextMenuIndex('ArrowDown', -1, 5)).toBe(0);
    expect(nextMenuIndex('Home', 3, 5)).toBe(0);
    expect(nextMenuIndex('End', 0, 5)).toBe(4);
    expect(nextMenuIndex('ArrowRight', 0, 5)).toBe(-1);
  });
});

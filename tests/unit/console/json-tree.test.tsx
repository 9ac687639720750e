import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonTree } from '@/components/JsonTree';

afterEach(cleanup);

describe('JsonTree', () => {
  it('renders API text as text, never as markup', () => {
    const hostile = '<img src=x onerror="window.kdPwned=1">';
    const { container } = render(<JsonTree value={{ message: hostile }} label="Response data" />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('list', { name: 'Response data' }).textContent).toContain(JSON.stringify(hostile));
  });

  it('collapses and expands with real disclosure buttons', async () => {
    render(<JsonTree value={{ viewer: { user: { name: 'Kai' } } }} label="Response data" openDepth={1} />);
    const root = screen.getByRole('button', { name: '(root)' });
    const viewer = screen.getByRole('button', { name: 'viewer' });
    expect(root.getAttribute('aria-expanded')).toBe('true');
    expect(viewer.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByText('"Kai"')).toBeNull();
    await act(() => {
      fireEvent.click(viewer);
    });
    await act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'user' }));
    });
    expect(screen.getByText('"Kai"')).toBeTruthy();
    await act(() => {
      fireEvent.click(root);
    });
    expect(screen.queryByRole('button', { name: 'viewer' })).toBeNull();
  });

  it('shows long arrays a hundred at a time', async () => {
    render(<JsonTree value={Array.from({ length: 250 }, (_, index) => index)} label="Numbers" />);
    expect(screen.getAllByRole('listitem')).toHaveLength(1 + 100 + 1);
    await act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Show 100 more of 150' }));
    });
    expect(screen.getByRole('button', { name: 'Show 50 more of 50' })).toBeTruthy();
  });
});

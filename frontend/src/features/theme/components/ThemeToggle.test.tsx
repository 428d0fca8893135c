import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { THEME_STORAGE_KEY } from '../theme';
import { ThemeToggle } from './ThemeToggle';

describe('ThemeToggle', () => {
  it('follows the system by default', () => {
    render(<ThemeToggle />);

    expect(screen.getByRole('group', { name: 'Theme' })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'System theme' })).toBeChecked();
    expect(document.documentElement.dataset.theme).toBeUndefined();
  });

  it('forces light or dark, remembers it, and goes back to following the system', async () => {
    const user = userEvent.setup();
    render(<ThemeToggle />);

    await user.click(screen.getByRole('radio', { name: 'Dark theme' }));
    expect(screen.getByRole('radio', { name: 'Dark theme' })).toBeChecked();
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');

    await user.click(screen.getByRole('radio', { name: 'Light theme' }));
    expect(document.documentElement.dataset.theme).toBe('light');
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');

    await user.click(screen.getByRole('radio', { name: 'System theme' }));
    expect(screen.getByRole('radio', { name: 'System theme' })).toBeChecked();
    expect(document.documentElement.dataset.theme).toBeUndefined();
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
  });

  it('can be used with the arrow keys, as a radio group', async () => {
    const user = userEvent.setup();
    render(<ThemeToggle />);

    screen.getByRole('radio', { name: 'System theme' }).focus();
    await user.keyboard('{ArrowRight}');

    expect(screen.getByRole('radio', { name: 'Light theme' })).toBeChecked();
    expect(document.documentElement.dataset.theme).toBe('light');
  });

  it('shows the choice already applied at load (by the inline script in index.html)', () => {
    document.documentElement.dataset.theme = 'dark';
    render(<ThemeToggle />);

    expect(screen.getByRole('radio', { name: 'Dark theme' })).toBeChecked();
  });
});

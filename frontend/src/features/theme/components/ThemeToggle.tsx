import type { ReactNode } from 'react';
import { MonitorIcon, MoonIcon, SunIcon } from '@/components/icons';
import { THEME_CHOICES, useThemeChoice, type ThemeChoice } from '../theme';
import './ThemeToggle.css';

const OPTIONS: Record<ThemeChoice, { label: string; icon: ReactNode }> = {
  system: { label: 'System theme', icon: <MonitorIcon /> },
  light: { label: 'Light theme', icon: <SunIcon /> },
  dark: { label: 'Dark theme', icon: <MoonIcon /> },
};

/** System, light or dark: three radio buttons drawn as icons; the choice is remembered across visits. */
export function ThemeToggle() {
  const [choice, setChoice] = useThemeChoice();
  return (
    <fieldset className="theme-toggle">
      <legend className="sr-only">Theme</legend>
      {THEME_CHOICES.map((option) => (
        <label key={option} className="theme-toggle__option" title={OPTIONS[option].label}>
          <input
            type="radio"
            name="theme"
            value={option}
            checked={choice === option}
            aria-label={OPTIONS[option].label}
            onChange={() => setChoice(option)}
          />
          {OPTIONS[option].icon}
        </label>
      ))}
    </fieldset>
  );
}

// Apply the remembered theme before first paint (see src/features/theme/theme.ts).
// A file, not an inline script, so the page's Content-Security-Policy allows no inline code.
try {
  var theme = localStorage.getItem('diundash:theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch (e) {}

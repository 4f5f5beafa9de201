import { test, expect } from './support/fixtures';

test('a duplicate name shows an inline error, a problem in the list, and disables Apply', async ({ app }) => {
  const palette = app.page.getByRole('region', { name: 'Palette' });
  await palette.getByRole('button', { name: 'Add namespace', exact: true }).click();
  await palette.getByRole('button', { name: 'Add namespace', exact: true }).click();
  await expect(app.node('ns1')).toBeVisible();
  await expect(app.node('ns2')).toBeVisible();

  await app.selectNode('ns2');
  const name = app.field('Name');
  await name.fill('ns1');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toHaveAccessibleDescription(/ns1/);
  await expect(app.button('Apply')).toBeDisabled();
  await expect(app.button('Plan')).toBeDisabled();

  const problems = await app.openTab('Problems');
  const entry = problems.getByRole('listitem').filter({ hasText: 'nodes[1].name' });
  await expect(entry).toHaveCount(1);
  await expect(app.page.getByRole('tab', { name: /Problems/ })).toContainText('1');
  await app.snapshot('duplicate-name');

  await entry.getByRole('button').click();
  await expect(app.inspector.getByRole('form', { name: 'Namespace ns2' })).toBeVisible();
  await name.fill('ns2');
  await expect(name).toHaveAttribute('aria-invalid', 'false');
  await expect(problems.getByRole('listitem')).toHaveCount(0);
  await expect(app.button('Plan')).toBeEnabled();
});

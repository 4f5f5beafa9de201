import { twoOnABridge } from './support/documents';
import { expect, test, uniqueTag } from './support/fixtures';

/**
 * Presenter and viewers (issue 11, item 7): the presenter hands out a viewer link; a second
 * browser opened with it follows the presenter's drawing, selection and the live state of an
 * apply, read-only; revoking the link disconnects it.
 */

// The revoked viewer's browser logs its refused reconnection attempts, if any.
test.use({ expectedConsoleErrors: /WebSocket connection to .* failed/ });

test('a viewer link opens a read-only page that follows the presenter, and stops working once revoked', async ({
  app,
  browser,
}) => {
  const tag = uniqueTag();
  const { doc } = twoOnABridge(tag, '10.206.0');
  const lessonDoc = {
    ...doc,
    lesson: {
      steps: [
        { title: 'Two namespaces', text: 'Each namespace has its own interfaces.' },
        { title: 'A bridge', text: 'The bridge joins both veth ends.', highlight: ['br'] },
      ],
    },
  };
  await app.openFile(`${doc.name}.json`, JSON.stringify(lessonDoc));

  await app.command('Kernel', 'Viewer link…');
  const dialog = app.page.getByRole('dialog', { name: 'Viewer link' });
  const field = dialog.getByRole('textbox', { name: 'Viewer link URL' });
  await expect(field).toHaveValue(/#viewer=[A-Za-z0-9_-]{43}$/);
  const url = await field.inputValue();
  expect(url).not.toContain(process.env['NETLOOM_E2E_TOKEN'] ?? 'no token');
  await dialog.getByRole('button', { name: 'Close' }).click();

  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const viewer = await context.newPage();
  try {
    await viewer.goto(url);
    await expect(viewer.getByRole('status', { name: 'Viewing' })).toHaveText('Viewing — following the presenter');
    // The presenter's drawing, without the presenter's tools.
    await expect(viewer.getByTestId('rf__node-nsA')).toBeVisible();
    await expect(viewer.getByTestId('rf__node-br')).toBeVisible();
    for (const name of ['Apply', 'Plan', 'Add namespace', 'Kernel', 'File'])
      await expect(viewer.getByRole('button', { name, exact: true })).toHaveCount(0);

    // The selection follows, shown in an inspector whose fields are all disabled.
    await app.selectNode('nsB');
    const inspector = viewer.getByRole('region', { name: 'Inspector' });
    await expect(inspector.getByRole('textbox', { name: 'Name' })).toHaveValue(`b-${tag}`);
    for (const box of await inspector.getByRole('textbox').all()) await expect(box).toBeDisabled();
    // The lesson step the presenter's Lessons panel shows, and its highlighted objects.
    await app.command('View', 'Lessons');
    const lessons = app.page.getByRole('region', { name: 'Lessons' });
    const followed = viewer.getByRole('article', { name: 'Lesson step' });
    await expect(followed).toContainText('Step 1 of 2: Two namespaces');
    await lessons.getByRole('button', { name: 'Next ›' }).click();
    await expect(followed).toContainText('Step 2 of 2: A bridge');
    await expect(followed).toContainText('The bridge joins both veth ends.');
    await expect(viewer.getByTestId('rf__node-br').locator('[data-highlighted="true"]')).toHaveCount(1);

    // The live state of the presenter's apply reaches the viewer: progress, then the kernel's link state.
    await test.step('presenter applies', () => app.planAndApply());
    await expect(viewer.getByRole('status', { name: 'Apply status' })).toContainText('Applied');
    await expect(viewer.getByTestId('rf__edge-la').locator('[data-link-state]')).toHaveAttribute(
      'data-link-state',
      'up',
    );
    await viewer.screenshot({ path: test.info().outputPath('viewer-1024x768.png') });
    await app.snapshot('presenter-with-viewer-link');

    // A drag on a node of the viewer's canvas pans the view at most: the node keeps its place in the drawing.
    await test.step('drag on the viewer', async () => {
      const offset = async () => {
        const [a, b] = await Promise.all(['nsA', 'br'].map((id) => viewer.getByTestId(`rf__node-${id}`).boundingBox()));
        return { x: Math.round((a?.x ?? 0) - (b?.x ?? 0)), y: Math.round((a?.y ?? 0) - (b?.y ?? 0)) };
      };
      const apart = await offset();
      const before = await viewer.getByTestId('rf__node-nsA').boundingBox();
      await viewer.mouse.move((before?.x ?? 0) + 12, (before?.y ?? 0) + 12);
      await viewer.mouse.down();
      await viewer.mouse.move((before?.x ?? 0) + 200, (before?.y ?? 0) + 120, { steps: 5 });
      await viewer.mouse.up();
      expect(await offset()).toEqual(apart);
    });

    // Revoke: the viewer is disconnected and says why; the link no longer opens a session.
    await app.command('Kernel', 'Viewer link…');
    await expect(dialog.getByText('1 viewer connected when last asked.')).toBeVisible();
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await expect(viewer.getByRole('alert', { name: 'Agent connection problem' })).toContainText(
      'The presenter revoked this viewer link',
    );
    const again = await context.newPage();
    await again.goto(url);
    await expect(again.getByRole('status', { name: 'Viewing' })).toBeVisible();
    await expect(again.getByTestId('rf__node-nsA')).toHaveCount(0);
    await again.close();
    await dialog.getByRole('button', { name: 'Close' }).click();
  } finally {
    await context.close();
  }
  await app.tearDown();
});

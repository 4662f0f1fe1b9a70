import { screen, waitFor } from '@testing-library/react';
import StaffCase from '../../src/pages/staff/case/index';
import { caseDetail } from '../support/fixtures';
import { backend, platform } from '../support/platform';
import { renderPage } from '../support/render';

describe('staff case page (h5)', () => {
  it('answers with a photo chosen in the browser, read through its blob URL', async () => {
    platform.signIn('handler');
    backend.on('GET /api/cases/:id', { body: caseDetail({ status: 'in_progress', statusLabel: '办理中', version: 5, allowedActions: ['note', 'answer', 'extension'] }) });
    backend.on('GET /api/cases/:id/extensions', { body: [] });
    platform.images = [{ path: 'blob:http://localhost/site-photo', size: 2048, type: 'image/png' }];
    platform.files.set('blob:http://localhost/site-photo', 'iVBORw0KGgoAAAANSUhEUg==');
    backend.on('POST /api/cases/:id/evidence', { status: 201, body: { id: 'a-1' } });
    backend.on('POST /api/cases/:id/answer', { body: caseDetail({ status: 'answered', statusLabel: '已答复' }) });
    const { user } = renderPage(<StaffCase />, { path: '/pages/staff/case/index', params: { id: 'k-1' } });

    await user.click(await screen.findByRole('button', { name: '答复' }));
    await user.type(screen.getByPlaceholderText('说清楚怎么办的、结果如何'), '已修好。');
    await user.click(screen.getByRole('button', { name: '添加照片' }));
    await screen.findByRole('img');
    await user.click(screen.getByRole('button', { name: '提交答复' }));

    await waitFor(() => expect(backend.writes()).toEqual(['POST /api/cases/k-1/evidence', 'POST /api/cases/k-1/answer']));
    expect(backend.last('POST /api/cases/:id/evidence').body).toEqual({ contentType: 'image/png', base64: 'iVBORw0KGgoAAAANSUhEUg==' });
    expect(backend.last('POST /api/cases/:id/answer').body).toEqual({ expectedVersion: 5, text: '已修好。' });
  });
});

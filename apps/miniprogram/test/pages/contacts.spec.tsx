import { screen, waitFor } from '@testing-library/react';
import Contacts from '../../src/pages/contacts/index';
import { backend, platform } from '../support/platform';
import { pick, renderPage } from '../support/render';

const page = { path: '/pages/contacts/index' };

const VILLAGES = [
  { id: 'v-1', name: '东村', townName: '城关镇' },
  { id: 'v-2', name: '西村', townName: '河口乡' },
];

const CONTACTS = [
  { level: 'city', unitName: '市民声直达办', contactName: '赵主任', phone: '0818-2000000' },
  { level: 'town', unitName: '城关镇', contactName: '钱镇长', phone: null },
  { level: 'village', unitName: '东村', contactName: '孙书记', phone: ' 13800000001 ' },
];

describe('contacts page (干群连心卡)', () => {
  it('always offers the city hotline; a signed-out resident is asked to sign in for the rest', async () => {
    const { user } = renderPage(<Contacts />, page);

    expect(screen.getByText('12345（全天有人接）')).toBeInTheDocument();
    expect(screen.getByText('登录后可以看您村里的联系人。')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '打电话' }));

    expect(platform.callsOf('makePhoneCall')).toEqual([{ phoneNumber: '12345' }]);
    expect(backend.requests).toEqual([]);
  });

  it('lists the chosen village’s contacts, village first, and remembers the village', async () => {
    platform.signIn('resident', 'resident-token');
    backend.on('GET /api/my/villages', { body: VILLAGES });
    backend.on('GET /api/my/contacts', { body: CONTACTS });
    const { user } = renderPage(<Contacts />, page);

    await pick(user, await screen.findByText('点这里选您的村'), '城关镇 东村');

    expect(await screen.findByText('孙书记')).toBeInTheDocument();
    const sent = backend.last('GET /api/my/contacts');
    expect(sent.query).toEqual({ unitId: 'v-1' });
    expect(sent.headers.Authorization).toBe('Bearer resident-token');
    expect(platform.getStored('msz.village')).toBe('v-1');
    expect(screen.getByText('城关镇 东村')).toBeInTheDocument();

    const names = screen.getAllByText(/书记|镇长|主任/).map((n) => n.textContent);
    expect(names).toEqual(['孙书记', '钱镇长', '赵主任']);
    expect(screen.getByText('村（社区）')).toBeInTheDocument();
    expect(screen.getByText('电话未登记')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '打电话 13800000001' }));
    expect(platform.callsOf('makePhoneCall')).toEqual([{ phoneNumber: '13800000001' }]);
  });

  it('opens on the remembered village without asking again', async () => {
    platform.signIn('resident');
    platform.setStored('msz.village', 'v-2');
    backend.on('GET /api/my/villages', { body: VILLAGES });
    backend.on('GET /api/my/contacts', { body: [CONTACTS[1], CONTACTS[0]] });
    renderPage(<Contacts />, page);

    expect(await screen.findByText('河口乡 西村')).toBeInTheDocument();
    await screen.findByText('钱镇长');
    expect(backend.last('GET /api/my/contacts').query).toEqual({ unitId: 'v-2' });
    expect(screen.getByText('村里的联系人还没有登记，可以先找下面的乡镇联系人。')).toBeInTheDocument();
  });

  it('points to the hotline when the village has nobody on file', async () => {
    platform.signIn('resident');
    backend.on('GET /api/my/villages', { body: VILLAGES });
    backend.on('GET /api/my/contacts', { body: [] });
    const { user } = renderPage(<Contacts />, page);

    await pick(user, await screen.findByText('点这里选您的村'), '河口乡 西村');

    expect(await screen.findByText('这个村还没有登记联系人，请打市民热线。')).toBeInTheDocument();
  });

  it('says when there is no list of villages', async () => {
    platform.signIn('resident');
    backend.on('GET /api/my/villages', { body: [] });
    renderPage(<Contacts />, page);
    expect(await screen.findByText('暂时没有村的名单。')).toBeInTheDocument();
  });

  it('shows a readable error when the villages cannot be loaded', async () => {
    platform.signIn('resident');
    backend.on('GET /api/my/villages', { status: 500 });
    renderPage(<Contacts />, page);

    expect(await screen.findByRole('alert')).toHaveTextContent('系统正忙，请过一会儿再试。');
    await waitFor(() => expect(backend.calls('GET /api/my/villages')).toHaveLength(1));
  });
});

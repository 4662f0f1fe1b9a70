import { StartLogger } from './start-logger';

describe(StartLogger.name, () => {
  let written: string[];
  let sut: StartLogger;

  beforeEach(() => {
    written = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    sut = new StartLogger();
  });
  afterEach(() => jest.restoreAllMocks());

  it('drops Nest’s module and route-mapping lines', () => {
    sut.log('Mapped {/api/cases, GET} route', 'RouterExplorer');
    sut.log('CasesController {/api/cases}:', 'RoutesResolver');
    sut.log('AppModule dependencies initialized', 'InstanceLoader');
    expect(written).toEqual([]);
  });

  it('keeps our own lines, and every warning and error, whoever sends them', () => {
    sut.log('listening on http://localhost:3000', 'Boot');
    sut.warn('a route is declared twice', 'RouterExplorer');
    sut.error('cannot map a route', undefined, 'RoutesResolver');
    expect(written.join('')).toContain('listening on http://localhost:3000');
    expect(written.join('')).toContain('a route is declared twice');
    expect(written.join('')).toContain('cannot map a route');
  });
});

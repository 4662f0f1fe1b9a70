// A suite that boots NestJS and PGlite cold on a busy 2-core machine needs far more than jest's 5 s.
jest.setTimeout(120_000);

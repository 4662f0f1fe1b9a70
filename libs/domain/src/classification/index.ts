export * from './taxonomy';
export * from './rules';
export * from './segmenter';
export * from './classifier';
export * from './labelled-set';
export * from './default-data';
export * from './corpus';
export * from './metrics';

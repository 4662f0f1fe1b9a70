/** The cadre's bench-demand queue, bound to Taro storage, Taro's network events and the API. */
import { benchApi } from '../api/client';
import { createBenchQueue } from './bench-demands';
import { taroNetwork, taroStore } from './offline-taro';

export const benchQueue = createBenchQueue({ store: taroStore, network: taroNetwork, post: benchApi.addDemand });

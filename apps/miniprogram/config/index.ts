import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import devConfig from './dev'
import prodConfig from './prod'

/**
 * API base for the resident app, fixed at build time.
 * Set TARO_APP_API_BASE in the environment to point a build
 * at another server, e.g. `TARO_APP_API_BASE=https://12345.example.gov.cn pnpm build:weapp`, or put it in
 * .env.production.local (ignored by git). Production mini-programs need an https domain whitelisted
 * in the WeChat admin (request 合法域名).
 */
const DEFAULT_API_BASE = 'http://localhost:3000'

function apiBase(): string {
  const configured = (process.env.TARO_APP_API_BASE ?? '').trim()
  // The h5 build is served by the server itself (sandbox: /app/), so by default it calls its own origin.
  if (!configured && process.env.TARO_ENV === 'h5') return ''
  const raw = configured || DEFAULT_API_BASE
  if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(raw)) {
    throw new Error(`TARO_APP_API_BASE must be an http(s) URL, got: ${raw}`)
  }
  return raw.replace(/\/+$/, '')
}

// One output folder per platform so weapp and h5 builds never overwrite each other.
const outputRoot = `dist-${process.env.TARO_ENV || 'weapp'}`

// https://taro-docs.jd.com/docs/next/config#defineconfig-辅助函数
export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'minsheng-zhida-miniprogram',
    date: '2026-11-26',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2
    },
    sourceRoot: 'src',
    outputRoot,
    plugins: [],
    defineConstants: {
      API_BASE: JSON.stringify(apiBase())
    },
    copy: {
      patterns: [],
      options: {}
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: {
      enable: false // https://docs.taro.zone/docs/config-detail#cache
    },
    mini: {
      postcss: {
        pxtransform: {
          enable: true,
          config: {}
        },
        cssModules: {
          enable: false,
          config: {
            namingPattern: 'module',
            generateScopedName: '[name]__[local]___[hash:base64:5]'
          }
        }
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
      }
    },
    h5: {
      // Served by the server at /app/ (hash routing: /app/#/pages/...).
      publicPath: '/app/',
      staticDirectory: 'static',
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js'
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css'
      },
      postcss: {
        autoprefixer: {
          enable: true,
          config: {}
        },
        cssModules: {
          enable: false,
          config: {
            namingPattern: 'module',
            generateScopedName: '[name]__[local]___[hash:base64:5]'
          }
        }
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
        // The app entry (Taro's H5 runtime + React) is about 300 KiB minified; warn only above 400 KiB.
        chain.performance.maxEntrypointSize(400 * 1024).maxAssetSize(300 * 1024)
      }
    }
  }

  if (process.env.NODE_ENV === 'development') {
    // Local development build (no minification).
    return merge({}, baseConfig, devConfig)
  }
  // Production build (minified).
  return merge({}, baseConfig, prodConfig)
})

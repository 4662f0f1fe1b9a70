// setupFiles of the 'pages-h5' project: the pages run as the h5 build (process.env.TARO_ENV is read at import).
process.env.TARO_ENV = 'h5';

// setupFiles of the 'pages' project: the pages run as the WeChat mini-program build.
process.env.TARO_ENV = 'weapp';

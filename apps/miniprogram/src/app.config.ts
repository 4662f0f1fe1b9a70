export default defineAppConfig({
  pages: ['pages/index/index'],
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#ffffff',
    navigationBarBackgroundColor: '#0a3d91',
    navigationBarTitleText: '民声直达',
    navigationBarTextStyle: 'white',
  },
});

export default definePageConfig({
  navigationBarTitleText: '民声直达',
});

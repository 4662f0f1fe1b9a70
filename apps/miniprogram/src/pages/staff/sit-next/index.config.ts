export default definePageConfig({
  navigationBarTitleText: '下一场坐哪里',
});

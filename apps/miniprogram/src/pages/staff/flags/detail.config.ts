export default definePageConfig({
  navigationBarTitleText: '核查线索',
});

export default definePageConfig({
  navigationBarTitleText: '代群众反映',
});

// Stylesheets imported by pages (.scss/.css) are nothing under jest.
module.exports = {};

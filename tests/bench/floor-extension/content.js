/* global document */
const h = document.createElement('kd-panel'); h.attachShadow({ mode: 'open' }).append(Object.assign(document.createElement('button'), { textContent: 'Kitedeck' })); h.setAttribute('data-kd-build', 'ready'); document.body.append(h);

import { render } from 'preact';
import { HeaderNav } from '@/components/HeaderNav';
import { WebhookLab } from './WebhookLab';

render(
  <>
    <HeaderNav current="webhook-lab.html" />
    <WebhookLab />
  </>,
  document.getElementById('app')!,
);

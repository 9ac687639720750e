import { render } from 'preact';
import { HeaderNav } from '@/components/HeaderNav';
import { Console } from './Console';

render(
  <>
    <HeaderNav current="console.html" />
    <Console />
  </>,
  document.getElementById('app')!,
);

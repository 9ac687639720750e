import { render } from 'preact';
import { HeaderNav } from '@/components/HeaderNav';
import { Welcome } from './Welcome';

render(
  <>
    <HeaderNav current="welcome.html" />
    <Welcome />
  </>,
  document.getElementById('app')!,
);

import { render } from 'preact';
import { DigestPage } from './DigestPage';

render(<DigestPage search={location.search} />, document.getElementById('app')!);

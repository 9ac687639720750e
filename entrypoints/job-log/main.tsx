import { render } from 'preact';
import { JobLog } from './JobLog';

render(<JobLog search={location.search} />, document.getElementById('app')!);

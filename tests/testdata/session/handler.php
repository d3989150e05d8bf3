<?php
// Replies "<pid> <session.save_handler>".
echo getmypid(), ' ', ini_get('session.save_handler');

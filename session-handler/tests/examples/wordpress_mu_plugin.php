<?php
/*
* Plugin Name: ephpm Session Storage
* Description: Routes WordPress's PHP sessions through ePHPm's KV store.
*/
require_once ABSPATH . 'vendor/autoload.php';
session_set_save_handler(new \Ephpm\SessionHandler\KvSessionHandler(), true);

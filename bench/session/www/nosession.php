<?php
$n = 1;
echo $n, "\n";
